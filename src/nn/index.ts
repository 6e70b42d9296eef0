// Public surface of src/nn (re-exports only).
export { Module, type StateDict, type LoadStateDictOptions } from './module.js';
export { Parameter } from './parameter.js';
export { Linear, type LinearOptions } from './linear.js';
export { Sequential, ModuleList, ModuleDict } from './container.js';
export { Embedding, type EmbeddingOptions } from './embedding.js';
export { LayerNorm, BatchNorm1d, type LayerNormOptions, type BatchNormOptions } from './norm.js';
export { ReLU, LeakyReLU, ELU, GELU, Sigmoid, Tanh, Softplus, Identity } from './activation.js';
export * as init from './init.js';
export { Dropout } from './dropout.js';
export { CrossEntropyLoss, NLLLoss, BCEWithLogitsLoss, MSELoss, L1Loss } from './loss.js';
export { GRUCell, type GRUCellOptions } from './gru.js';
export { LSTM, LSTMCell, type LSTMOptions, type LSTMCellOptions, type LSTMState } from './lstm.js';
export * from './conv/index.js';
