/**
 * A stand-in RocketMQ broker for `npm run bench:rocketmq`: registers over remoting (as a RocketMQ
 * broker does: REGISTER_BROKER with a JSON topic table) and keeps its connection open until the
 * process is killed. Prints {"registered":true} once the NameServer has answered.
 *
 * Usage: node dist/scripts/bench/remoting-broker.js '{"address":"127.0.0.1:9876","brokerName":"b","brokerAddr":"127.0.0.1:1","topics":["T"]}'
 */
import { connect } from "node:net";
import { FrameDecoder } from "../../src/remoting/frame-decoder.js";
import { registration } from "./lib/remoting.js";

const cfg = JSON.parse(process.argv[2] ?? "{}") as {
  address: string;
  brokerName: string;
  brokerAddr: string;
  topics: string[];
};

const i = cfg.address.lastIndexOf(":");
const socket = connect({ host: cfg.address.slice(0, i), port: Number(cfg.address.slice(i + 1)) });
const decoder = new FrameDecoder({ maxFrameBytes: 1 << 26, maxHeaderBytes: 1 << 20 });
socket.on("data", (chunk: Buffer) => {
  for (const r of decoder.push(chunk))
    process.stdout.write(`${JSON.stringify({ registered: r.code === 0, code: r.code, remark: r.remark })}\n`);
});
socket.on("connect", () => socket.write(registration(cfg.brokerName, cfg.brokerAddr, cfg.topics, 1)));
