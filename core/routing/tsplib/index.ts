export { type EdgeWeightType, type TspInstance, type TsplibTour, TsplibError, EDGE_WEIGHT_TYPES } from './types.ts';
export { readTsplib } from './read-tsp.ts';
export { readTour } from './read-tour.ts';
export { nint, euc2d, ceil2d, att, geo, geoRadians, geoFromRadians, coordDistance } from './distance.ts';
export { buildMatrix, tourLengthOf } from './matrix.ts';
