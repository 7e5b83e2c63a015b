import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;

/** How long a user group's member list is reused before Slack is asked again. */
const CACHE_MS = 60_000;

/** The configured user groups a Slack user belongs to, from usergroups.users.list, cached for a minute per group. */
export class UserGroupLookup {
  private readonly cache = new Map<string, { at: number; users: ReadonlySet<string> }>();

  constructor(
    private readonly groups: readonly string[],
    private readonly now: () => number,
  ) {}

  /** The configured groups userId is a member of; a group Slack cannot list counts as not a member. */
  async groupsOf(client: WebClient, userId: string): Promise<string[]> {
    const member: string[] = [];
    for (const group of this.groups) {
      if ((await this.members(client, group)).has(userId)) member.push(group);
    }
    return member;
  }

  private async members(client: WebClient, group: string): Promise<ReadonlySet<string>> {
    const cached = this.cache.get(group);
    if (cached && this.now() - cached.at < CACHE_MS) return cached.users;
    try {
      const answer = await client.usergroups.users.list({ usergroup: group });
      const users = new Set(answer.users ?? []);
      this.cache.set(group, { at: this.now(), users });
      return users;
    } catch {
      return new Set();
    }
  }
}
