// The Bolt-JS side of the ingestion benchmark: the smallest app that
// acknowledges what interviewbot is sent in the same run, a /mock-interview
// slash command and a message event, with Bolt's ExpressReceiver checking
// the v0 signature. Nothing else: no Web API call on the request path.
//
//   SLACK_SIGNING_SECRET=… PORT=3102 node app.js
const { App, ExpressReceiver, LogLevel } = require('@slack/bolt');

const signingSecret = process.env.SLACK_SIGNING_SECRET;
if (!signingSecret) {
  console.error('SLACK_SIGNING_SECRET is not set');
  process.exit(2);
}
const port = Number(process.env.PORT || 3102);

const receiver = new ExpressReceiver({
  signingSecret,
  // The same paths interviewbot serves.
  endpoints: { events: '/slack/events', commands: '/slack/commands' },
  logLevel: LogLevel.ERROR,
});

const app = new App({
  receiver,
  token: process.env.SLACK_BOT_TOKEN || 'xoxb-bench-bolt',
  // No auth.test: with the bot's ids given, Bolt's single-workspace
  // authorize answers from them (without them and with token verification
  // off, Bolt 5.1.0 calls auth.test on every request). A production app
  // calls auth.test once at start-up and caches it, so this is its steady
  // state. The ids are fakeslack's.
  tokenVerificationEnabled: false,
  botId: process.env.SLACK_BOT_ID || 'BBOT',
  botUserId: process.env.SLACK_BOT_USER_ID || 'UBOT',
  clientOptions: process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : {},
  logLevel: LogLevel.ERROR,
});

app.command('/mock-interview', async ({ ack }) => {
  await ack();
});

// Bolt acknowledges events itself; the listener is what makes the app
// subscribe to them.
app.event('message', async () => {});

(async () => {
  await app.start(port);
  console.log(`bolt listening on ${port}`);
})();
