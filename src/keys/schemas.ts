import { Type as T } from 'typebox';
import { ROLES } from './model.ts';

const Role = T.Enum(ROLES);

export const CreateKeyBody = T.Object(
  {
    role: Role,
    subjectId: T.Optional(
      T.String({ format: 'uuid', description: 'Required for, and only for, the customer role.' }),
    ),
    scopes: T.Optional(
      T.Array(T.String({ pattern: '^[a-z][a-z0-9:-]*$', maxLength: 200 }), { maxItems: 32 }),
    ),
    name: T.Optional(T.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const KeyView = T.Object({
  id: T.String({ format: 'uuid' }),
  prefix: T.String(),
  role: Role,
  subjectId: T.Union([T.String(), T.Null()]),
  scopes: T.Array(T.String()),
  name: T.String(),
  createdAt: T.String({ format: 'date-time' }),
  revokedAt: T.Union([T.String({ format: 'date-time' }), T.Null()]),
});

export const CreatedKey = T.Object({
  key: T.String({ description: 'The secret: shown once, never stored.' }),
  info: KeyView,
});
