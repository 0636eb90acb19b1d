/**
 * The application events (`ses-bounce-guard/events`): what apps subscribed to the event bus or the
 * webhook receive. Detail-types, `source`, the versioned detail shapes and the webhook's header.
 */
export { DETAIL_VERSION, DetailType, EVENT_SOURCE, SoftRecordChange, UnsuppressedCause } from './constants';
export type {
  AddressSuppressedDetail,
  AddressUnsuppressedDetail,
  ApplicationEvent,
  ApplicationEventEnvelope,
  DetailBase,
  RecordDetail,
  SoftRecordChangedDetail,
} from './types';
export { WEBHOOK_SECRET_HEADER } from './webhook';
