/**
 * The part of ONNX's onnx.proto3 that an exported model uses (field numbers from the ONNX
 * specification, IR version 8), as a protobufjs JSON descriptor: models, graphs, nodes,
 * attributes, tensors and value infos. Encoding is protobufjs's; nothing here is hand-rolled.
 */
import protobuf from 'protobufjs/light.js';

const int64 = 'int64';

const descriptor = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'int32', id: 20 },
            f: { type: 'float', id: 2 },
            i: { type: int64, id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            floats: { rule: 'repeated', type: 'float', id: 7 },
            ints: { rule: 'repeated', type: int64, id: 8 },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'TypeProto', id: 2 },
            docString: { type: 'string', id: 3 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            domain: { type: 'string', id: 7 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
            docString: { type: 'string', id: 6 },
          },
        },
        StringStringEntryProto: {
          fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } },
        },
        OperatorSetIdProto: {
          fields: { domain: { type: 'string', id: 1 }, version: { type: int64, id: 2 } },
        },
        ModelProto: {
          fields: {
            irVersion: { type: int64, id: 1 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            metadataProps: { rule: 'repeated', type: 'StringStringEntryProto', id: 14 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            docString: { type: 'string', id: 10 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: int64, id: 1 },
            dataType: { type: 'int32', id: 2 },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
              fields: { dimValue: { type: int64, id: 1 }, dimParam: { type: 'string', id: 2 } },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensorType'] } },
          fields: { tensorType: { type: 'Tensor', id: 1 } },
          nested: {
            Tensor: {
              fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } },
            },
          },
        },
      },
    },
  },
};

/** TensorProto.DataType codes used here. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9, DOUBLE: 11 } as const;
/** AttributeProto.AttributeType codes used here. */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

export interface TensorProto { dims: number[]; dataType: number; name?: string; rawData: Uint8Array }
export interface AttributeProto {
  name: string; type: number; f?: number; i?: number; s?: Uint8Array; t?: TensorProto; floats?: number[]; ints?: number[];
}
export interface NodeProto { input: string[]; output: string[]; name: string; opType: string; attribute: AttributeProto[]; docString?: string }
/** A dimension: a size, or the name of a symbolic size such as 'num_nodes'. */
export type Dim = number | string;
export interface ValueInfo { name: string; elemType: number; shape: readonly Dim[]; docString?: string }
export interface ModelParts {
  opset: number;
  producerVersion: string;
  docString: string;
  graphName: string;
  nodes: NodeProto[];
  initializers: TensorProto[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  metadata: Record<string, string>;
}

const root = protobuf.Root.fromJSON(descriptor);
const ModelProto = root.lookupType('onnx.ModelProto');

function valueInfo(v: ValueInfo): object {
  return {
    name: v.name, docString: v.docString ?? '',
    type: {
      tensorType: {
        elemType: v.elemType,
        shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** The serialized ModelProto (IR version 8, the default ONNX domain at the given opset). */
export function encodeModel(m: ModelParts): Uint8Array {
  const message = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: m.opset }],
    producerName: 'deepgraph',
    producerVersion: m.producerVersion,
    docString: m.docString,
    metadataProps: Object.entries(m.metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: m.graphName, node: m.nodes, initializer: m.initializers,
      input: m.inputs.map(valueInfo), output: m.outputs.map(valueInfo),
    },
  };
  const err = ModelProto.verify(message);
  if (err !== null) throw new Error(`ONNX export: internal error building the model message: ${err}`);
  return ModelProto.encode(ModelProto.fromObject(message)).finish();
}

/** Decodes a serialized ModelProto into plain objects (for tests and inspection). */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, bytes: Array, defaults: false }) as Record<string, unknown>;
}
