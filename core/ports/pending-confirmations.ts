/** A destructive command waiting for its requester to confirm it, until expiresAt. */
export interface PendingConfirmation {
  readonly id: string;
  /** Who asked (e.g. a Slack user id). */
  readonly requester: string;
  readonly requesterName: string;
  readonly channel: string;
  /** The parsed command as JSON text. */
  readonly command: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** Persisted confirmations: saved when asked, taken (at most once) when confirmed or cancelled. */
export interface PendingConfirmations {
  savePendingConfirmation(confirmation: PendingConfirmation): Promise<void>;
  getPendingConfirmation(id: string): Promise<PendingConfirmation | undefined>;
  /** Removes and returns the confirmation; undefined when another click took it first or it never existed. */
  takePendingConfirmation(id: string): Promise<PendingConfirmation | undefined>;
}
