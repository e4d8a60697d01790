// The nn namespace: micrograd's scalar modules and PyTorch's tensor modules side by side.
export { Module, ModuleList, Parameter, type LoadResult } from './module';
export { Neuron, Layer, MLP } from './micrograd';
export {
  Linear, Sequential, ReLU, Tanh, Sigmoid, MSELoss, CrossEntropyLoss,
  Dropout, LeakyReLU, GELU, Flatten, BCELoss, BCEWithLogitsLoss, NLLLoss, Embedding, LayerNorm, BatchNorm1d,
} from './layers';
export * as functional from './functional';
export * as init from './init';
