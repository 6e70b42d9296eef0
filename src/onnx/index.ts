/**
 * ONNX export (`dg.onnx`, Node.js only): a trained model traced once and written as an ONNX file
 * whose inputs are the features and the edge list, so onnxruntime (Python, C++, mobile, the
 * browser) runs it on any graph. DGL has no exporter; PyG's torch.onnx path traces a fixed graph size.
 */
export { exportModelBytes, DEFAULT_OPSET, type OnnxSample, type OnnxExportOptions } from './export.js';
export { exportModel } from './file.js';
export { decodeModel } from './proto.js';
