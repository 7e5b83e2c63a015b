/** The notification routing of the slack config: a channel per cluster name or alias, and a default. */
export interface NotificationRouting {
  readonly default?: string;
  readonly clusters: Readonly<Record<string, string>>;
}

/** The channel a cluster's notifications go to (by alias first, then name), else the default; null when none. */
export function notificationChannel(routing: NotificationRouting, cluster: string | null, alias: string | null): string | null {
  if (alias !== null && routing.clusters[alias] !== undefined) return routing.clusters[alias]!;
  if (cluster !== null && routing.clusters[cluster] !== undefined) return routing.clusters[cluster]!;
  return routing.default ?? null;
}
