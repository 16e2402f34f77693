// The chat model a replay runs with: it fails if it is ever asked anything. A replay serves every
// answer from the recording; reaching a model means the episode diverged, never a silent live call.
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { ChatResult } from "@langchain/core/outputs";
import { PeerlabError } from "../errors.js";

export class NeverCalledChatModel extends BaseChatModel {
  constructor() {
    super({});
  }
  override _llmType(): string {
    return "peerlab-replay-guard";
  }
  override bindTools(): NeverCalledChatModel {
    return this;
  }
  override async _generate(): Promise<ChatResult> {
    throw new PeerlabError("REPLAY_DIVERGED", "the replay tried to call a live model; a replay never does");
  }
}
