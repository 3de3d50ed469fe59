/**
 * Which long jobs are running anywhere in the app (training, search, import, other worker jobs).
 * Read-only for everything but the jobs themselves: the update prompt reads `busy` so that a new
 * version is never applied (a reload) in the middle of a job.
 */
class JobActivity {
  #running = $state.raw<readonly { label: string }[]>([]);

  get busy(): boolean {
    return this.#running.length > 0;
  }

  /** What is running, e.g. ['training', 'search'], without repeats. */
  get labels(): string[] {
    return [...new Set(this.#running.map((j) => j.label))];
  }

  /** Mark a job as running; call the returned function when it ends (calling it again does nothing). */
  begin(label: string): () => void {
    const job = { label };
    this.#running = [...this.#running, job];
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#running = this.#running.filter((j) => j !== job);
    };
  }
}

export const jobActivity = new JobActivity();
