export { readSolomon, SolomonFormatError } from './read.ts';
