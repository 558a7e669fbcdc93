import { problemsMarkdown } from '../system/problem-types.ts';

/** `garde problems`: the catalogue of problem types as Markdown, as docs/problems.md publishes it. */
export async function problemsCommand(): Promise<void> {
  process.stdout.write(problemsMarkdown());
}
