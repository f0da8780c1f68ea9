// A retry budget (Finagle's idea): retries may add at most `ratio` extra load on top of the calls
// themselves, plus a small floor per second, so a struggling service is not buried under retries.
// Tokens are counted in thousandths so that 5 calls at 0.2 earn exactly one retry.
const UNIT = 1000;

export class RetryBudget {
  private milliTokens = 0;
  private floorTokens: number;
  private floorRefilledAt = Date.now();
  private readonly earn: number;

  constructor(
    ratio = 0.2,
    private readonly minPerSecond = 10,
    private readonly cap = 100,
  ) {
    this.earn = Math.round(ratio * UNIT);
    this.floorTokens = minPerSecond;
  }

  /** Every first attempt earns a fraction of a retry. */
  deposit(): void {
    this.milliTokens = Math.min(this.cap * UNIT, this.milliTokens + this.earn);
  }

  /** Takes one retry from the budget; false when it is spent. */
  withdraw(): boolean {
    const now = Date.now();
    if (now - this.floorRefilledAt >= 1000) {
      this.floorTokens = this.minPerSecond;
      this.floorRefilledAt = now;
    }
    if (this.milliTokens >= UNIT) {
      this.milliTokens -= UNIT;
      return true;
    }
    if (this.floorTokens >= 1) {
      this.floorTokens -= 1;
      return true;
    }
    return false;
  }
}
