{
  # deepgraph native addon. Hot kernels that use wide vectors live in their own static
  # libraries compiled with -mavx2 / -mavx512f (x64 only); the addon picks one at runtime
  # with __builtin_cpu_supports, so the binary never needs -march=native.
  'variables': {
    'dg_blas_defines': '<!(node native/detect-blas.cjs defines)',
    'dg_blas_static': '<!(node native/detect-blas.cjs static)',
    'dg_metis_defines': '<!(node native/partition/detect-metis.cjs defines)',
    'dg_gloo_defines': '<!(node native/detect-gloo.cjs defines)',
  },
  'target_defaults': {
    # No FMA contraction: the sampling kernels must round exactly as JavaScript does.
    'cflags_cc': ['-std=c++17', '-O3', '-fPIC', '-ffp-contract=off', '-fno-math-errno'],
    'cflags_cc!': ['-std=gnu++17', '-std=gnu++20', '-O2', '-O0'],
    'cflags': ['-O3', '-fPIC'],
    'cflags!': ['-O2'],
    'xcode_settings': {
      'CLANG_CXX_LANGUAGE_STANDARD': 'c++17',
      'GCC_OPTIMIZATION_LEVEL': '3',
    },
    'conditions': [
      ["OS=='linux'", {
        'cflags_cc': ['-fopenmp'],
        # -z nodelete: the addon (and libgomp with it) stays mapped after the environment that loaded
        # it is torn down. A worker thread that ran a parallel kernel leaves OpenMP team threads
        # that sleep in libgomp until the worker's OS thread exits, after Node has dlclose()d the
        # addon: when only workers had loaded it, those threads woke in unmapped code (SIGSEGV).
        'ldflags': ['-fopenmp', '-Wl,-z,nodelete'],
      }],
    ],
  },
  'targets': [
    {
      'target_name': 'deepgraph',
      'sources': [
        'native/addon.cc',
        'native/common.cc',
        'native/napi_util.cc',
        'native/spmm.cc',
        'native/sddmm.cc',
        'native/segment.cc',
        'native/matmul.cc',
        'native/matmul_sparse.cc',
        'native/elementwise.cc',
        'native/dropout.cc',
        'native/optim.cc',
        'native/activation_backward.cc',
        'native/simd/kernels_base.cc',
        'native/sampling/compressed.cc',
        'native/sampling/topk.cc',
        'native/sampling/jslog.cc',
        'native/sampling/neighbors.cc',
        'native/sampling/walks.cc',
        'native/mmap.cc',
        'native/process.cc',
        'native/partition/metis.cc',
        'native/distributed/gloo.cc',
      ],
      'dependencies': [
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except_all",
      ],
      # A worker thread terminated (or the process exiting) inside a kernel call makes every N-API
      # call fail; without SWALLOW_UNTHROWABLE, node-addon-api then throws a C++ exception out of
      # its own error handler and the process aborts ("terminate called after throwing an
      # instance of 'Napi::Error'", seen in the DataLoader tests when idle workers let the process
      # exit).
      'defines': ['NAPI_VERSION=8', 'NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS', '<@(dg_blas_defines)', '<@(dg_metis_defines)', '<@(dg_gloo_defines)'],
      'cflags_cc': ['<!@(node native/detect-blas.cjs cflags)'],
      'libraries': ['<!@(node native/detect-blas.cjs libs)', '<!@(node native/partition/detect-metis.cjs libs)', '<!@(node native/detect-gloo.cjs libs)'],
      'conditions': [
        # The prebuilt binary ships libgomp.so.1 beside itself (scripts/prebuild.mjs).
        ["dg_blas_static==1", { 'ldflags': ["-Wl,-rpath,'$$ORIGIN'"] }],
        ["target_arch=='x64'", {
          'defines': ['DG_HAVE_AVX2', 'DG_HAVE_AVX512'],
          'dependencies': ['dg_avx2', 'dg_avx512'],
        }],
      ],
    },
  ],
  'conditions': [
    ["target_arch=='x64'", {
      'targets': [
        {
          'target_name': 'dg_avx2',
          'type': 'static_library',
          'sources': ['native/simd/kernels_avx2.cc'],
          'defines': ['DG_HAVE_AVX2'],
          'cflags_cc': ['-mavx2', '-mfma'],
          'xcode_settings': { 'OTHER_CPLUSPLUSFLAGS': ['-mavx2', '-mfma'] },
        },
        {
          'target_name': 'dg_avx512',
          'type': 'static_library',
          'sources': ['native/simd/kernels_avx512.cc'],
          'defines': ['DG_HAVE_AVX512'],
          'cflags_cc': ['-mavx512f', '-mavx2', '-mfma'],
          'xcode_settings': { 'OTHER_CPLUSPLUSFLAGS': ['-mavx512f', '-mavx2', '-mfma'] },
        },
      ],
    }],
  ],
}
