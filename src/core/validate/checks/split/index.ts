/** Rules that need a proposed split (scope 'split'). */
import type { CheckRule } from '../../types.ts';
import { groupOverlap } from './group-overlap.ts';
import { timeOrder } from './time-order.ts';
import { trainTestDuplicates } from './train-test-duplicates.ts';

export const SPLIT_RULES: readonly CheckRule[] = [trainTestDuplicates, groupOverlap, timeOrder];
