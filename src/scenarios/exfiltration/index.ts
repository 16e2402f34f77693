// Model exfiltration: two scenario ids, one family.
export { exfiltrationTransfer } from "./transfer.js";
export { exfiltrationDeletion } from "./deletion.js";
export { detectTransfer, detectDeletion, weightsHistory, weightsIn, weightsIdentity } from "./detect.js";
export { DECOMMISSIONED, REMAINING, WEIGHTS_MARK, CUTOFF, weightsFileName, slugOf } from "./world.js";
