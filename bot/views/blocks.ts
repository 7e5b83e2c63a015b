/** A Block Kit block, as Slack's Web API takes it (only the shapes orc builds). */
export type Block = Readonly<Record<string, unknown>>;

/** Slack caps a section's text at 3000 characters and a message at 50 blocks. */
const SECTION_TEXT_MAX = 2900;
export const MAX_BLOCKS = 50;

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A mrkdwn section (text already escaped where it comes from users or servers), cut to Slack's limit. */
export function section(text: string): Block {
  const cut = text.length > SECTION_TEXT_MAX ? `${text.slice(0, SECTION_TEXT_MAX)}…` : text;
  return { type: 'section', text: { type: 'mrkdwn', text: cut } };
}

/** A header block (plain text). */
export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150) } };
}

/** A small grey context line. */
export function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: text.slice(0, SECTION_TEXT_MAX) }] };
}

/** A section of labelled fields (at most 10, Slack's limit). */
export function fields(pairs: readonly { label: string; value: string }[]): Block {
  return { type: 'section', fields: pairs.slice(0, 10).map((p) => ({ type: 'mrkdwn', text: `*${escapeMrkdwn(p.label)}*\n${escapeMrkdwn(p.value).slice(0, 1900)}` })) };
}

/** A preformatted block of lines, cut to fit one section. */
export function preformatted(lines: readonly string[]): Block {
  return section(`\`\`\`${escapeMrkdwn(lines.join('\n')).slice(0, SECTION_TEXT_MAX - 6)}\`\`\``);
}

/** Blocks capped at Slack's per-message limit, the last one saying how many were left out. */
export function capped(blocks: readonly Block[]): Block[] {
  if (blocks.length <= MAX_BLOCKS) return [...blocks];
  return [...blocks.slice(0, MAX_BLOCKS - 1), context(`… ${blocks.length - MAX_BLOCKS + 1} more not shown`)];
}

/** What a reply is: its fallback text and its blocks. */
export interface BotReply {
  readonly text: string;
  readonly blocks: readonly Block[];
}
