// The page reaches Garde only through the typed client generated from the OpenAPI document.
import { createGardeClient, type paths } from '../../clients/typescript/index.ts';

export type ControllerNotice =
  paths['/v1/policy/controller']['get']['responses'][200]['content']['application/json'];

const garde = createGardeClient({ baseUrl: window.location.origin });

/** The notice's public part, in `language` when given, else as the browser's Accept-Language asks. */
export async function readControllerNotice(language?: string): Promise<ControllerNotice> {
  const { data, error } = await garde.GET('/v1/policy/controller', {
    params: { query: language ? { language } : {} },
  });
  if (!data) throw new Error(error?.code ?? 'the notice could not be read');
  return data;
}
