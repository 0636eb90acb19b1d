import { CONFIGURATION_SET_NAME_PATTERN } from '../../src/domain/constants';

/** How {@link CONFIGURATION_SET_NAME_PATTERN} reads in a problem. */
const CONFIGURATION_SET_NAME_RULE = 'must be 1 to 64 letters, digits, "_" or "-"';

export { CONFIGURATION_SET_NAME_PATTERN, CONFIGURATION_SET_NAME_RULE };
