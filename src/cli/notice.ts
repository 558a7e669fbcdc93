// `garde policy notice FILE`: the privacy notice (GDPR Art. 13/14) rendered from the policy, in
// one of its languages, as HTML (the default, on standard output), Markdown or PDF.
import { renderNoticeHtml } from '../notice/html.ts';
import { renderNoticeMarkdown } from '../notice/markdown.ts';
import { noticeOf } from '../notice/notice.ts';
import { chromiumPath } from '../platform/config.ts';
import { writeOutput } from './output.ts';
import { policyFromFile } from './policy-file.ts';
import { UsageError } from './usage-error.ts';

export type NoticeOptions = { lang?: string; format: 'html' | 'md' | 'pdf'; output?: string };

export async function policyNotice(file: string, opts: NoticeOptions): Promise<void> {
  const policy = await policyFromFile(file);
  if (!policy) return;
  const declared = policy.policy.languages;
  const language = opts.lang ?? declared[0] ?? 'en';
  if (!declared.includes(language))
    throw new UsageError(`--lang ${language}: the policy declares ${declared.join(', ')}`);
  const notice = noticeOf(policy, language);
  if (opts.format === 'pdf') return writePdf(renderNoticeHtml(notice), opts.output);
  const text = opts.format === 'md' ? renderNoticeMarkdown(notice) : renderNoticeHtml(notice);
  if (opts.output) await writeOutput(opts.output, text);
  else process.stdout.write(text);
}

async function writePdf(html: string, output: string | undefined): Promise<void> {
  if (!output && process.stdout.isTTY)
    throw new UsageError(
      'a PDF is not for a terminal: name a file with --output FILE, or redirect the output',
    );
  const browser = chromiumPath();
  if (!browser)
    throw new UsageError(
      'printing a PDF needs Chromium: install it (Debian, Ubuntu: apt install chromium) or set GARDE_CHROMIUM to its executable',
    );
  // Only this format needs the browser driver.
  const { printNoticePdf } = await import('../notice/pdf.ts');
  const pdf = await printNoticePdf(html, browser);
  if (output) await writeOutput(output, pdf);
  else process.stdout.write(pdf);
}
