import type { IssuerDatabase } from './database';
import type { Statement } from './sqlite';
import { toDate, type ContractRecord } from './records';

interface ContractRow {
  contract_id: string;
  name: string;
  created_at: string;
}

export class ContractStore {
  private readonly selectAll: Statement<[], ContractRow>;
  private readonly selectCount: Statement<[], { n: number }>;
  private readonly selectOne: Statement<[string], { contract_id: string }>;
  private readonly selectNamed: Statement<[string], ContractRow>;
  private readonly insertRow: Statement<[string, string, string]>;

  constructor(db: IssuerDatabase) {
    this.selectAll = db.prepare('SELECT contract_id, name, created_at FROM contracts ORDER BY contract_id');
    this.selectCount = db.prepare('SELECT count(*) AS n FROM contracts');
    this.selectOne = db.prepare('SELECT contract_id FROM contracts WHERE contract_id = ?');
    this.selectNamed = db.prepare('SELECT contract_id, name, created_at FROM contracts WHERE contract_id = ?');
    this.insertRow = db.prepare('INSERT INTO contracts (contract_id, name, created_at) VALUES (?, ?, ?)');
  }

  all(): ContractRecord[] {
    return this.selectAll.all().map((r) => ({ contractId: r.contract_id, name: r.name, createdAt: toDate(r.created_at) }));
  }

  find(contractId: string): ContractRecord | undefined {
    const r = this.selectNamed.get(contractId);
    return r ? { contractId: r.contract_id, name: r.name, createdAt: toDate(r.created_at) } : undefined;
  }

  exists(contractId: string): boolean {
    return this.selectOne.get(contractId) !== undefined;
  }

  isEmpty(): boolean {
    return (this.selectCount.get()?.n ?? 0) === 0;
  }

  insert(contract: ContractRecord): void {
    this.insertRow.run(contract.contractId, contract.name, contract.createdAt.toISOString());
  }
}
