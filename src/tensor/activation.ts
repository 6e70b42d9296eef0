import { Tensor } from './tensor.js';

export function relu(x: Tensor): Tensor { void x; throw new Error('relu: not implemented yet'); }
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor { void x; void negativeSlope; throw new Error('leakyRelu: not implemented yet'); }
export function elu(x: Tensor, alpha = 1): Tensor { void x; void alpha; throw new Error('elu: not implemented yet'); }
export function gelu(x: Tensor): Tensor { void x; throw new Error('gelu: not implemented yet'); }
export function sigmoid(x: Tensor): Tensor { void x; throw new Error('sigmoid: not implemented yet'); }
export function tanh(x: Tensor): Tensor { void x; throw new Error('tanh: not implemented yet'); }
export function softplus(x: Tensor): Tensor { void x; throw new Error('softplus: not implemented yet'); }
