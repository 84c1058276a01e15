// The office vocabulary the API uses (stable wire names). The UI labels each
// value with the translation key `<prefix>.<value>`; scripts/check-i18n.mjs
// fails the build when one of these labels is missing in any language.
export const LANGUAGES = ['en', 'lo', 'th'];

export const ENUMS = {
  lang: LANGUAGES,
  status: ['draft', 'registered', 'cancelled', 'closed'],
  direction: ['incoming', 'outgoing', 'internal'],
  urgency: ['normal', 'urgent', 'very_urgent', 'most_urgent'],
  secrecy: ['normal', 'confidential', 'secret', 'top_secret'],
  role: ['admin', 'central_registrar', 'unit_registrar', 'executive', 'staff'],
  delivery: ['pending', 'accepted', 'returned', 'recalled'],
  textStatus: ['queued', 'running', 'done', 'failed'],
  purpose: ['action', 'information'],
  assignment: ['open', 'acknowledged', 'done'],
  notification: [
    'new_incoming', 'returned', 'recalled', 'assigned', 'due_soon', 'overdue', 'signature_requested', 'signed',
    'returned_for_changes', 'other',
  ],
  routeState: ['waiting', 'open', 'closed', 'returned', 'recalled', 'cancelled'],
  folderLevel: ['office', 'department', 'division', 'personal'],
  ocrLang: ['lao', 'tha', 'eng', 'other'],
  signature: ['valid', 'document_changed', 'signature_broken'],
  action: [
    'created', 'registered', 'updated', 'cancelled', 'attachment_added', 'attachment_replaced',
    'attachment_deleted', 'sent', 'sent_circular', 'read', 'accepted', 'received',
    'received_again', 'returned', 'recalled', 'closed', 'forwarded', 'submitted_for_signature',
    'signed', 'returned_for_changes', 'assignment_acknowledged', 'assignment_comment',
    'assignment_report', 'assignment_done', 'assignment_extended', 'comment', 'other',
  ],
  month: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'],
  sort: ['relevance', 'register_no', 'document_no', 'document_date', 'received_date'],
  period: ['day', 'week', 'month'],
  country: ['LA', 'TH'],
  yearBasis: ['calendar', 'thai_fiscal'],
  era: ['CE', 'BE'],
  error: [
    'malformed_request', 'unauthenticated', 'forbidden', 'not_found', 'method_not_allowed',
    'conflict', 'too_large', 'unsupported_media_type', 'invalid_argument', 'too_many_requests',
    'internal', 'io_error', 'corruption', 'storage_full', 'mismatch', 'wrong_password',
  ],
  'newLetter.title': ['incoming', 'outgoing', 'internal'],
  'newLetter.hint': ['incoming', 'outgoing'],
  'upload.error': ['tooLarge', 'type', 'failed'],
};

export const enumValues = (name) => ENUMS[name];
