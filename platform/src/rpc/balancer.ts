// Load balancing over the endpoints that are currently fit to take a call.
export interface Balanced {
  id: string;
  outstanding: number;
}

export type BalancerKind = 'round-robin' | 'p2c';

export interface Balancer {
  pick<E extends Balanced>(candidates: readonly E[]): E | undefined;
}

export function createBalancer(kind: BalancerKind): Balancer {
  return kind === 'p2c' ? new PowerOfTwoChoices() : new RoundRobin();
}

class RoundRobin implements Balancer {
  private next = 0;
  pick<E extends Balanced>(candidates: readonly E[]): E | undefined {
    if (candidates.length === 0) return undefined;
    this.next = (this.next + 1) % 1_000_000_007;
    return candidates[this.next % candidates.length];
  }
}

/** Two random candidates, the one with fewer calls in flight wins: least-outstanding without a global scan. */
class PowerOfTwoChoices implements Balancer {
  pick<E extends Balanced>(candidates: readonly E[]): E | undefined {
    const n = candidates.length;
    if (n <= 1) return candidates[0];
    const i = Math.floor(Math.random() * n);
    let j = Math.floor(Math.random() * (n - 1));
    if (j >= i) j += 1;
    const a = candidates[i]!;
    const b = candidates[j]!;
    return a.outstanding <= b.outstanding ? a : b;
  }
}
