import type { HandlerDependencies } from '../../lambda/bounceHandler/handler';
import type { ProcessDependencies } from '../../src/receiver/processTypes';
import { TOPIC_ARN } from './factories';

/**
 * Handler dependencies for tests about writing, retrying and reporting, whose envelopes are not
 * signed: signature verification is off (explicitly, as only a setting can turn it off), while the
 * topic and configuration-set checks still run. Signatures are tested in test/receiver/authenticity.
 */
function unsignedDeps(store: ProcessDependencies['store']): HandlerDependencies {
  return { store, topicArn: TOPIC_ARN, configurationSetName: 'ConfigSet', verifySignatures: false, deployment: 'Test/Guard' };
}

export { unsignedDeps };
