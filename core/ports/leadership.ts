/** Whether this orc may still change servers as the elected leader; recoveries the service runs check it before every step. */
export interface Leadership {
  /** True while this process holds a valid leader lease (measured on its own monotonic clock). */
  mayAct(): boolean;
}
