import { DataFormatError } from '../../errors.js';
import { listZipEntries, type ZipEntry } from '../../data/zip-entries.js';

/** The records of a `torch.save` zip archive (PyTorch >= 1.6), located and checked, not yet decoded. */
export interface TorchArchive {
  /** The file name used in every error. */
  file: string;
  /** The archive's top folder ('archive', or the saved file's stem). */
  folder: string;
  /** The serialization format version from `version` (or `.data/version`). */
  version: number;
  /** From the `byteorder` record (PyTorch >= 2.1); absent means little-endian. */
  littleEndian: boolean;
  /** The bytes of `data.pkl`. */
  pickle: Uint8Array;
  /** The raw bytes of storage `key` (`data/<key>`), or a DataFormatError naming the member. */
  storage(key: string): Uint8Array;
}

/** Newest serialization format version PyTorch writes as of 2.x. */
const MAX_VERSION = 10;

/**
 * Opens the zip layout `torch.save` writes since PyTorch 1.6: `<folder>/data.pkl`, one raw storage
 * per `<folder>/data/<key>`, `<folder>/version` and, since 2.1, `<folder>/byteorder`. Member names
 * that escape the folder, members outside it, compressed storages, a legacy (pre-1.6) file and a
 * TorchScript archive are refused with an error naming the file.
 */
export function openTorchArchive(bytes: Uint8Array, file: string): TorchArchive {
  if (bytes.length >= 2 && bytes[0] === 0x80 && bytes[1] <= 5) {
    throw new DataFormatError(`${file}: legacy torch.save format (PyTorch < 1.6 or _use_new_zipfile_serialization=False); ` +
      're-save it with a recent PyTorch');
  }
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new DataFormatError(`${file}: not a torch.save file (expected a zip archive, found ${bytes.length} bytes without the 'PK' signature)`);
  }
  const entries = listZipEntries(bytes, file);
  const pkl = entries.find((e) => /^[^/]+\/data\.pkl$/.test(e.name));
  if (pkl === undefined) {
    throw new DataFormatError(`${file}: no <folder>/data.pkl record; members are ${entries.slice(0, 5).map((e) => `'${e.name}'`).join(', ')}`);
  }
  const folder = pkl.name.slice(0, pkl.name.indexOf('/'));
  const byName = new Map<string, ZipEntry>();
  for (const e of entries) {
    if (!e.name.startsWith(`${folder}/`)) throw new DataFormatError(`${file}: member '${e.name}' lies outside the archive folder '${folder}/'`);
    byName.set(e.name.slice(folder.length + 1), e);
  }
  if (byName.has('constants.pkl') || [...byName.keys()].some((n) => n.startsWith('code/'))) {
    throw new DataFormatError(`${file}: a TorchScript archive (torch.jit.save), not a state dict; save model.state_dict() with torch.save instead`);
  }
  const record = (name: string): Uint8Array => {
    const e = byName.get(name);
    if (e === undefined) throw new DataFormatError(`${file}: missing member '${folder}/${name}'`);
    if (e.method !== 0) throw new DataFormatError(`${file}: member '${e.name}' is compressed (method ${e.method}); torch.save stores records uncompressed`);
    if (e.compressedSize !== e.size) throw new DataFormatError(`${file}: member '${e.name}' declares ${e.size} bytes but stores ${e.compressedSize}`);
    return bytes.subarray(e.dataOffset, e.dataOffset + e.size);
  };
  const versionName = byName.has('.data/version') ? '.data/version' : 'version';
  const versionText = new TextDecoder().decode(record(versionName)).trim();
  const version = Number(versionText);
  if (!/^\d+$/.test(versionText) || version < 1 || version > MAX_VERSION) {
    throw new DataFormatError(`${file}: member '${folder}/${versionName}' holds '${versionText.slice(0, 20)}', not a format version in [1, ${MAX_VERSION}]`);
  }
  let littleEndian = true;
  if (byName.has('byteorder')) {
    const order = new TextDecoder().decode(record('byteorder')).trim();
    if (order !== 'little' && order !== 'big') throw new DataFormatError(`${file}: member '${folder}/byteorder' holds '${order.slice(0, 20)}', expected 'little' or 'big'`);
    littleEndian = order === 'little';
  }
  return { file, folder, version, littleEndian, pickle: record('data.pkl'), storage: (key) => record(`data/${key}`) };
}
