// The nn namespace: micrograd's scalar modules and PyTorch's tensor modules side by side.
export { Module, ModuleList, type Parameter } from './module';
export { Neuron, Layer, MLP } from './micrograd';
export { Linear, Sequential, ReLU, Tanh, Sigmoid, MSELoss, CrossEntropyLoss } from './layers';
export * as functional from './functional';
