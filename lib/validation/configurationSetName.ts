/**
 * SES's rule for a configuration set name: letters, digits, `_` and `-`, at most 64 characters.
 * https://docs.aws.amazon.com/ses/latest/APIReference/API_ConfigurationSet.html
 */
const CONFIGURATION_SET_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const CONFIGURATION_SET_NAME_RULE = 'must be 1 to 64 letters, digits, "_" or "-"';

export { CONFIGURATION_SET_NAME_PATTERN, CONFIGURATION_SET_NAME_RULE };
