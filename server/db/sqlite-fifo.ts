// Kysely's SQLite dialect hands its single connection out under a lock that is not first come,
// first served: every waiter wakes at each release and the quickest wins. Under push load that
// starved some agents for the length of a whole benchmark run (p99 over 10 s while the median
// was 175 ms). This dialect keeps Kysely's SQLite driver but queues for the connection in
// arrival order.
import { SqliteAdapter, SqliteDialect, type DatabaseConnection, type Driver, type QueryCompiler, type TransactionSettings } from 'kysely';

/** A lock granted strictly in the order it was asked for. */
export class FifoLock {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves, in request order, to the function that releases the lock. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const granted = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return granted;
  }
}

class FifoDriver implements Driver {
  private readonly inner: Driver;
  private readonly lock = new FifoLock();
  private release: (() => void) | null = null;

  constructor(inner: Driver) {
    this.inner = inner;
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // One holder at a time, so the release function can live on the driver.
    this.release = await this.lock.acquire();
    return this.inner.acquireConnection();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.releaseConnection(connection);
    } finally {
      const release = this.release;
      this.release = null;
      release?.();
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.savepoint!(connection, name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.rollbackToSavepoint!(connection, name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.releaseSavepoint!(connection, name, compile);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

// Tells Kysely's runtime not to add its own (unfair) lock: FifoDriver serialises instead.
class FifoSqliteAdapter extends SqliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

export class FifoSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    return new FifoDriver(super.createDriver());
  }

  override createAdapter(): SqliteAdapter {
    return new FifoSqliteAdapter();
  }
}

