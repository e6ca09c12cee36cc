export type { Convention, Objective, SolveOptions, SolveResult, VrptwInstance, VrptwNode } from './types.ts';
export { dataFromInstance, tenths, type VrptwData } from './data.ts';
export { solveData, solveVrptw } from './solve.ts';
export { Rng, vrptwRng } from '../rng.ts';
