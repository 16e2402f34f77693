// Which episodes belong to a run, written once: the trials its cells ask for, never their branches.
// Every query "of a run" joins through these fragments (aliases: rc = run_cells, e = episodes), so the
// run's list counts, episodes, usage, judgments and search agree on what the run is.

/** The join condition from a run_cells row `rc` to its counting episodes `e`. */
export const COUNTING_EPISODE = `e.cell_id = rc.cell_id AND e.trial < rc.trials AND e.parent_id IS NULL`;

/** `FROM` text: a run's cell links and their counting episodes (filter with `rc.run_id = ?`). */
export const RUN_EPISODES = `run_cells rc JOIN episodes e ON ${COUNTING_EPISODE}`;
