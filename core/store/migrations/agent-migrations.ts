import type { Kysely, Migration } from 'kysely';
import { AGENT_URL_LENGTH } from '../../agents/agent-url.js';
import { HOST_LENGTH } from '../schema.js';
import type { StoreDialect } from '../store-dialect.js';

// Same rule as store-migrations.ts: one idempotent DDL statement per migration.

function agentsTable(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await dialect
        .withTableOptions(
          db.schema
            .createTable('orc_agents')
            .ifNotExists()
            .addColumn('host', `varchar(${HOST_LENGTH})`, (c) => c.notNull())
            .addColumn('port', 'integer', (c) => c.notNull())
            .addColumn('url', `varchar(${AGENT_URL_LENGTH})`, (c) => c.notNull())
            .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
            .addColumn('info', dialect.longText, (c) => c.notNull())
            .addPrimaryKeyConstraint('orc_agents_pk', ['host', 'port']),
        )
        .execute();
    },
  };
}

/** The migrations of agent registrations (0026 onwards). */
export function agentMigrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0026_agents': agentsTable(dialect),
  };
}
