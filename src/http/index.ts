/**
 * An HTTP/S endpoint for the SES topic in a service's own Node server (`http`, Express, Connect,
 * Fastify): see docs/own-service.md.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createSnsRequestListener } from 'ses-bounce-guard/http';
 * express().post('/sns', createSnsRequestListener({ topicArn, configurationSetName: 'txn-mail', tableName: 'SuppressionTable' }));
 * ```
 * @packageDocumentation
 */

export type { Receiver, ReceiverOptions, ReceiverOutcome } from '../receiver/types';
export { MAX_BODY_BYTES, MESSAGE_TYPE_HEADER } from './constants';
export type { SnsRequest, SnsRequestListenerOptions } from './createSnsRequestListener';
export { createSnsRequestListener } from './createSnsRequestListener';
export type { SnsServer, SnsServerOptions } from './startSnsServer';
export { startSnsServer } from './startSnsServer';
