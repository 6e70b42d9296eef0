/**
 * Published SHA-256 digests of the raw dataset files deepgraph reads (the files the Planetoid and
 * TU Dortmund sites serve). A known file whose digest differs is refused before it is parsed: a
 * flipped bit inside a feature value is otherwise indistinguishable from data. Browser-safe: the
 * Node check (checksums.ts) hashes with node:crypto, the browser one with WebCrypto.
 */
import { DataFormatError } from '../errors.js';

const KNOWN: Readonly<Record<string, string>> = {
  'ind.citeseer.allx': '2ac30345d95c9ec933a817ee0bdd6a5f077f8c184a20e696910192d534414668',
  'ind.citeseer.ally': 'f704b2d986dde6c2669934de1f3ae5696a6cf9455c0f6b2646a2d135ea0a1c95',
  'ind.citeseer.graph': 'd79a4ef9d3e7169aee8946145f6b7306e35bc79bffad26346cfb94e10e9912a7',
  'ind.citeseer.test.index': '2af990671580b6b2df5d158d1038f8292e30c9cd821b5453f399659b25b723d4',
  'ind.citeseer.tx': '539a8906a2da97628d212f2fdd668c109a8b3f0d36574b59e5d3fd5b5303da21',
  'ind.citeseer.ty': '55e5bd1ba1e733a04598753ad1a8d57957f4b8f89e74519f41f4f4938767e4ce',
  'ind.citeseer.x': 'd20de19150741e555de0ed037195630fc194114ebc7fd72ced62810148aa22f6',
  'ind.citeseer.y': '8ba87e515d8e3ee3cf52f6d2c5b86aa73f11ecad825a808455209ec26cd54924',
  'ind.cora.allx': '9419ba2f26f5c35243db64aba110e0f35a04851609e0dc5433450676ca6b8543',
  'ind.cora.ally': '2b998f5cc7fedc86e7f97ca2498f47a1ffc1462c29e2d578b23bf3f62b6e7d71',
  'ind.cora.graph': '58f13302f39dde8852dad6fe6d15b89b077b6d7f837626bce671ef80344b383d',
  'ind.cora.test.index': '297ce89af2b51a6a194181c7dbe1796c6a1cf9cd9349a88383b1b1e227867875',
  'ind.cora.tx': 'b9afbaa4a400df991f6f02ef677e1e44da55ffc04801fd02f9e673987829226a',
  'ind.cora.ty': '41f5ac76596a1699cc33f53084a2419e92961c42bb75f36fc38e616d348532ad',
  'ind.cora.x': '23cfa55d91c6f624233f5eb7b6e3f141f1bd2b2ae39608a63cf5d084bb27baab',
  'ind.cora.y': '94465c14eb53e04ca262198dcbb2521ee8af60fb3f3d546cd6ca24a511b0e7d1',
  'ind.pubmed.ally': '0c37bbe3b5014ec365e9d393cf4791925e5ed94fb194305d74f064a8d7b50f0e',
  'ind.pubmed.graph': '5b89f0036ca22909471f1e6558eb42fa06e0c730a577bde5b058b40638f81dc9',
  'ind.pubmed.test.index': 'b101d421688bbaecbd82e8a18f1e282378d6830f3a37666f28ebc47f844341b5',
  'ind.pubmed.tx': '4eb5f5d0f30f26497eb0ac6ac9719d09c67e284f1ed0385c93f3ef27a671da3d',
  'ind.pubmed.ty': 'ee2e0d4819d9fbcc403689c3bf2e49face401b605932f093bc58ab6461130fdd',
  'ind.pubmed.x': 'fbe9cb5c47200d1b7769a26e579be3b7130b556831f9d850e77c4c74f2599b33',
  'ind.pubmed.y': 'e6c807633307a07ed659249006536a147c7999c797f11a2560752990181b41b3',
  'MUTAG_A.txt': 'd9656ca7493f3445d737c711710bb36fd432dddd1c0ea32e1d4713c86ebd28e2',
  'MUTAG_edge_labels.txt': '4669ce755075ff86c3240709345745886400908fa637a49310459b9c267b3e56',
  'MUTAG_graph_indicator.txt': '7d520a4d6c7961c0cdeabe076d8fe27e795b6d373485c9a2b744987e560a2056',
  'MUTAG_graph_labels.txt': 'a1518ea39ba3426bd42f57396b9c4baffe68e9adc718caeeab0119c6591a5f2c',
  'MUTAG_node_labels.txt': '678f429965490e84dd27713017538c995fc05d1621beac910848b600015ee863',
  'PROTEINS_A.txt': '4c4b33e272fc95cac6d27ed6d5d12b9a852c8610e91fff59f8f0dbdd5a20df67',
  'PROTEINS_graph_indicator.txt': '8d4ff1e852a5c28561e9bffb44cf9490bc552b13a3b6156dd12dc7f44e9afc4a',
  'PROTEINS_graph_labels.txt': 'c0ef9810c440775252872318d0c8adc385588e14bc4c47a2c34aa96ee3c7cdcd',
  'PROTEINS_node_attributes.txt': '54eef829abb37e458a5fbf3a3c581e48e5810e220463c2cd951856b9ceb08f07',
  'PROTEINS_node_labels.txt': 'f758e8ad3d6e3c026b50833d75f6f90735b94eb3345e4243707f495ca8afea8d',
};

/** Options of the raw-file readers. */
export interface RawReadOptions {
  /** Check the published SHA-256 of files deepgraph knows (default true); false loads modified copies. */
  verifyChecksums?: boolean;
  /** Accept NaN / infinite feature values (default false: a DataFormatError naming the file). */
  allowNonFinite?: boolean;
}

/** The published digest of a raw file name, if deepgraph knows it. */
export function knownSha256(file: string): string | undefined {
  return KNOWN[file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1)];
}

/** The error for a known file whose digest differs from the published one. */
export function checksumMismatch(file: string, got: string, want: string): DataFormatError {
  return new DataFormatError(`${file}: SHA-256 ${got} differs from the published ${want} (a corrupt download or a modified ` +
    'copy; delete it to download it again, or pass { verifyChecksums: false } to load it anyway)');
}

/** verifyChecksum on bytes already in memory, hashed with WebCrypto (browsers, Node >= 20). */
export async function verifyChecksumBytes(file: string, bytes: Uint8Array, opts: RawReadOptions = {}): Promise<void> {
  if (opts.verifyChecksums === false) return;
  const want = knownSha256(file);
  if (want === undefined) return;
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  const got = Array.from(digest, (x) => x.toString(16).padStart(2, '0')).join('');
  if (got !== want) throw checksumMismatch(file, got, want);
}
