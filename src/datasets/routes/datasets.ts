// Where the personal data is kept, system by system, as the policy declares it (issue 16).
import { Type as T } from 'typebox';
import { route } from '../../platform/http/route.ts';
import { protectedErrors } from '../../platform/http/schemas.ts';
import { describeDatasets } from '../describe.ts';

const Json = T.Object({}, { additionalProperties: true });

export const listDatasetsRoute = route({
  method: 'GET',
  url: '/v1/datasets',
  operationId: 'listDatasets',
  summary:
    "Every system that keeps personal data, Garde's own tables first, described the same way: per table how a person is found, which column holds which category, which columns run retention clocks; connections by the names of their environment variables, never their values",
  tags: ['policy'],
  roles: ['dpo', 'admin'],
  schema: {
    response: {
      200: T.Object({
        items: T.Array(
          T.Object({
            id: T.String(),
            kind: T.String({ description: 'garde (Garde’s own tables), postgresql, mysql, http or manual' }),
            connection: T.Union([
              T.Object(
                { url: T.String(), secret: T.Optional(T.String()) },
                { description: 'Environment variable names.' },
              ),
              T.Null(),
            ]),
            tables: T.Array(Json),
            places: T.Array(T.Object({ table: T.String(), category: T.String() })),
          }),
        ),
      }),
      ...protectedErrors,
    },
  },
  async handler(_input, { deps }) {
    return { status: 200, body: { items: describeDatasets(deps.policy) } };
  },
});
