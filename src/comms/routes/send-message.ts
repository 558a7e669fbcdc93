import { askedLanguages } from '../../platform/http/languages.ts';
import { route } from '../../platform/http/route.ts';
import { IdParams } from '../../platform/http/schemas.ts';
import { readerWords } from '../../words/words.ts';
import { sendMessage } from '../comms.ts';
import { SendBody, SentResponses } from '../schemas.ts';

// BK-7..BK-12, BK-14: one message, on one channel, from one sender, within the cap.
export const sendMessageRoute = route({
  method: 'POST',
  url: '/v1/subjects/:id/communications',
  operationId: 'sendMessage',
  feature: 'communications',
  summary:
    'Send (or log) one message: checked by decide(), counted against the cap atomically, written to the ledger',
  tags: ['communications'],
  roles: ['marketer', 'agent', 'admin'],
  idempotent: true,
  schema: {
    params: IdParams,
    body: SendBody,
    response: SentResponses,
  },
  async handler({ params, body, headers }, { deps, actor }) {
    const words = readerWords(deps.policy, askedLanguages(undefined, headers));
    return { status: 201, body: await sendMessage(deps, { ...body, subjectId: params.id }, actor, words) };
  },
});
