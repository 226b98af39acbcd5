package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/interviewbot/interviewbot/adapters/chart"
	slackad "github.com/interviewbot/interviewbot/adapters/slack"
	"github.com/interviewbot/interviewbot/adapters/wecom"
	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/grading"
	"github.com/interviewbot/interviewbot/grading/llm"
	"github.com/interviewbot/interviewbot/storage/jobs"
)

// serveStore is what serve needs of an engine: the daily store, the admin
// operations and the migration controls.
type serveStore interface {
	store
	bot.DailyStore
	bot.AdminStore
}

// server is the wired serve process: built by newServer, run by run.
type server struct {
	cfg     Config
	log     *slog.Logger
	now     func() time.Time
	store   serveStore
	queue   *jobs.Queue
	closeQ  func()
	daily   *bot.Daily
	metrics *metrics
	ready   *readiness
	slack   *slackad.Adapter
	wecom   *wecom.Adapter
	http    *http.Server
	ln      net.Listener
}

// runServe runs every configured adapter, the daily scheduler and the job
// queue in this process until SIGTERM or SIGINT, then drains and exits.
func runServe(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	if fs.NArg() > 0 {
		return bot.Errorf(bot.EINVALID, "serve takes no arguments; it is configured by the environment (see docs/configuration.md)")
	}
	cfg, err := loadConfig(env)
	if err != nil {
		return err
	}
	if err := problemsError(unconfiguredPlatforms(cfg.Channels, cfg.Serve)); err != nil {
		return err
	}
	if !cfg.Serve.Slack() && cfg.Serve.WeCom == nil {
		return bot.Errorf(bot.EINVALID, "No chat platform is configured: set %s with %s or %s for Slack, or the WECOM_* variables for WeCom.",
			EnvSlackBotToken, EnvSlackSecret, EnvSlackAppToken)
	}
	if !cfg.LogLevelSet {
		cfg.LogLevel = slog.LevelInfo
	}
	log := slog.New(requestIDHandler{slog.NewJSONHandler(env.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel})})
	s, err := newServer(ctx, cfg, log)
	if err != nil {
		log.Error("serve cannot start", slog.String("err", errorText(err)))
		return err
	}
	return s.run(ctx)
}

// newServer opens the store and the queue, builds the use cases and the
// adapters and binds the listener; nothing runs yet.
func newServer(ctx context.Context, cfg Config, log *slog.Logger) (*server, error) {
	s := &server{cfg: cfg, log: log, now: cfg.Serve.Clock.Now()}
	if cfg.Serve.Clock.On() {
		log.Warn("test clock is on: time runs from a fixed instant at a fixed speed; never use this in production",
			slog.Time("start", cfg.Serve.Clock.Start), slog.Float64("speed", cfg.Serve.Clock.Speed))
	}
	bank, err := loadServeBank(cfg.Serve.QuestionsDir)
	if err != nil {
		return nil, err
	}
	openCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	st, err := openStore(openCtx, cfg, log, s.now)
	if err != nil {
		return nil, dbError(err)
	}
	ss, ok := st.(serveStore)
	if !ok {
		st.Close()
		return nil, fmt.Errorf("store %T lacks the daily or admin operations", st)
	}
	s.store = ss
	if err := s.openQueue(openCtx); err != nil {
		st.Close()
		return nil, err
	}
	if err := s.wire(openCtx, bank); err != nil {
		s.closeAll()
		return nil, err
	}
	if s.ln, err = net.Listen("tcp", cfg.Serve.HTTPAddr); err != nil {
		s.closeAll()
		return nil, bot.Errorf(bot.EINVALID, "%s=%s: cannot listen: %v.", EnvHTTPAddr, cfg.Serve.HTTPAddr, err)
	}
	return s, nil
}

// dbError names DATABASE_URL in a failure to open the store, which is the
// setting an operator has to look at; the driver's error stays in the chain
// for the log.
func dbError(err error) error {
	code := bot.ErrorCode(err)
	if code == bot.EINTERNAL {
		code = bot.EUNAVAILABLE
	}
	msg := "DATABASE_URL: " + bot.ErrorMessage(err)
	if bot.ErrorCode(err) == bot.EINTERNAL {
		msg = "DATABASE_URL: the database cannot be opened (" + err.Error() + ")"
	}
	return fmt.Errorf("%w: %w", bot.Errorf(code, "%s", msg), err)
}

func loadServeBank(dir string) (*bot.Bank, error) {
	qs, err := loadBank(dir)
	if err != nil {
		if dir != "" {
			return nil, fmt.Errorf("%s=%s: %w", EnvQuestionsDir, dir, err)
		}
		return nil, fmt.Errorf("load question bank: %w", err)
	}
	bank, err := bot.NewBank(qs)
	if err != nil {
		return nil, fmt.Errorf("index question bank: %w", err)
	}
	return bank, nil
}

// openQueue opens River on the same database as the store.
func (s *server) openQueue(ctx context.Context) error {
	engine, dsn, _ := s.cfg.Store()
	qc := jobs.Config{Log: s.log.With("component", "jobs"), Workers: s.cfg.Serve.Workers,
		PostWorkers: s.cfg.Serve.PostWorkers, TickEvery: s.cfg.Serve.Tick, InsertOnly: s.cfg.Serve.Workers == 0}
	if qc.InsertOnly {
		s.log.Warn("INTERVIEWBOT_WORKERS=0: this replica takes deliveries and stores their jobs but runs none; replicas with workers run them, the scheduled posts included")
	}
	var err error
	if engine == "postgres" {
		s.queue, s.closeQ, err = jobs.OpenPostgres(ctx, dsn, s.cfg.Serve.JobsSchema, qc)
	} else {
		qc.PollInterval = 200 * time.Millisecond
		s.queue, s.closeQ, err = jobs.OpenSQLite(ctx, dsn, qc)
	}
	if err != nil {
		return dbError(fmt.Errorf("open the job queue: %w", err))
	}
	return nil
}

// wire builds the grader, the use cases, the adapters and the HTTP server,
// and stores the channels of the config file.
func (s *server) wire(ctx context.Context, bank *bot.Bank) error {
	cfg, log := s.cfg, s.log
	grader, err := llm.New(cfg.Serve.LLM, grading.NewScorer(log), log)
	if err != nil {
		return fmt.Errorf("LLM judge: %w", err)
	}
	s.metrics = newMetrics(judgeOf(grader))
	m := s.metrics
	timed := timedGrader{g: grader, m: m}
	deliveries := countedDeliveries{DeliveryStore: s.store, m: m}
	messengers := map[string]bot.Messenger{}
	var slackCfg slackad.Config
	var slackMsg *slackad.Messenger
	if cfg.Serve.Slack() {
		// Sixteen workers for what follows an acknowledgement (a DM opened,
		// a session stored): Slack's per-method limits allow far fewer
		// calls a second than that, and more workers only take CPU from the
		// acknowledgements (docs/benchmarks.md: 16 acknowledged more
		// commands and started more interviews a second than 64). Bursts
		// wait in the adapter's queue.
		slackCfg = slackad.Config{BotToken: cfg.Serve.SlackBotToken, AppToken: cfg.Serve.SlackAppToken,
			SigningSecret: cfg.Serve.SlackSigningSecret, APIURL: cfg.Serve.SlackAPIURL, Lang: cfg.Lang, Workers: 16}
		if slackMsg, err = slackad.NewMessenger(slackCfg, log); err != nil {
			return err
		}
		slackMsg.WithChart(chart.Render) // the weekly board gets a PNG; text alone if drawing or upload fails
		messengers[bot.PlatformSlack] = countedMessenger{Messenger: slackMsg, platform: bot.PlatformSlack, m: m}
	}
	var wecomMsg *wecom.Messenger
	if cfg.Serve.WeCom != nil {
		if wecomMsg, err = wecom.NewMessenger(*cfg.Serve.WeCom, log); err != nil {
			return err
		}
		messengers[bot.PlatformWeCom] = countedMessenger{Messenger: wecomMsg, platform: bot.PlatformWeCom, m: m}
	}
	s.daily, err = bot.NewDaily(bot.DailyConfig{Store: s.store, Bank: bank, Grader: timed, Messengers: messengers,
		Jobs: countedQueue{q: s.queue, m: m}, ParseCron: jobs.ParseCron, Now: s.now, Log: log})
	if err != nil {
		return err
	}
	iv, err := bot.NewInterviews(bot.InterviewsConfig{Store: s.store, Grader: timed, Bank: bank, Now: s.now,
		IdleTimeout: cfg.IdleTimeout, Log: log})
	if err != nil {
		return err
	}
	handlers := map[string]http.Handler{}
	if cfg.Serve.Slack() {
		// Events are stored (key and job together) before Slack hears 200;
		// the queue's workers process them.
		s.slack, err = slackad.New(slackCfg, slackad.Deps{Interviews: iv, Members: s.store, Deliveries: deliveries,
			Daily: s.daily, Channels: s.store, Bank: bank, Messenger: slackMsg, CronParser: jobs.ParseCron, Now: s.now, Log: log,
			Inbox: countedInbox{in: s.queue, m: m}})
		if err != nil {
			return err
		}
		s.queue.HandleDeliveries(slackad.EventKind, func(ctx context.Context, d bot.Delivery) error {
			err := s.slack.HandleDelivery(ctx, d)
			if err != nil {
				m.failed.WithLabelValues("delivery").Inc()
			}
			return err
		})
		if cfg.Serve.SlackSigningSecret != "" {
			handlers["/slack/"] = s.slack.Handler()
		}
	}
	if cfg.Serve.WeCom != nil {
		s.wecom, err = wecom.New(*cfg.Serve.WeCom, wecom.Deps{Interviews: iv, Members: s.store, Deliveries: deliveries,
			Daily: s.daily, Channels: s.store, Messenger: wecomMsg, Now: s.now, Log: log})
		if err != nil {
			return err
		}
		handlers["/wecom/"] = s.wecom.Handler()
		if err := s.wecom.SyncGroups(ctx); err != nil {
			return fmt.Errorf("store the WeCom groups of %s: %w", wecom.EnvGroupWebhooks, err)
		}
	}
	if err := s.applyChannels(ctx); err != nil {
		return err
	}
	s.ready = &readiness{store: s.store, admin: s.store}
	s.http = &http.Server{Handler: withRequestLog(serveMux(m, s.ready, handlers), log, m),
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second,
		IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	return nil
}

// applyChannels stores the config file's channels and their schedules.
func (s *server) applyChannels(ctx context.Context) error {
	for i, cc := range s.cfg.Channels {
		ch := &bot.Channel{Key: cc.Key(), Name: cc.Name, Lang: bot.Lang(cc.Lang), Timezone: cc.Timezone}
		if ch.Lang != "" {
			ch.Lang, _ = bot.ParseLang(cc.Lang)
		}
		if err := s.store.UpsertChannel(ctx, ch); err != nil {
			return fmt.Errorf("%s: store channel: %w", cc.name(i), err)
		}
		if err := s.daily.SaveSchedule(ctx, cc.Schedule(ch.ID)); err != nil {
			return fmt.Errorf("%s: %w", cc.name(i), err)
		}
		s.log.Info("channel schedule applied", slog.String("platform", cc.Platform), slog.String("channel", cc.Channel),
			slog.Int64("channel_id", ch.ID))
	}
	return nil
}

// run starts everything and blocks until ctx ends (the signal), then shuts
// down in order: stop being ready, stop accepting, let the adapters finish
// what they acknowledged (which enqueues its grading), let the queue finish
// the jobs it is running, close the store. Work still queued stays in the
// database for the next process.
func (s *server) run(ctx context.Context) error {
	// The workers must outlive the signal: River cancels running jobs when
	// the context given to Start ends, and draining is the point.
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	runner := sweepingRunner{Runner: countedRunner{r: s.daily, m: s.metrics}, store: s.store,
		queue: countedQueue{q: s.queue, m: s.metrics}, now: s.now, log: s.log,
		after:  clockDuration(s.cfg.Serve.Clock, s.cfg.Serve.RegradeAfter),
		window: clockDuration(s.cfg.Serve.Clock, 7*24*time.Hour)}
	if err := s.queue.Start(workCtx, runner); err != nil {
		s.closeAll()
		return err
	}
	errc := make(chan error, 3)
	go func() {
		if err := s.http.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("http server: %w", err)
		}
	}()
	socketCtx, stopSocket := context.WithCancel(ctx)
	defer stopSocket()
	if s.slack != nil && s.cfg.Serve.SlackAppToken != "" {
		go func() {
			if err := s.slack.RunSocketMode(socketCtx); err != nil {
				errc <- fmt.Errorf("slack socket mode: %w", err)
			}
		}()
	}
	go s.maintain(workCtx)
	s.log.Info("serving", s.summary()...)

	var runErr error
	select {
	case <-ctx.Done():
		s.log.Info("shutting down: draining in-flight work", slog.String("timeout", s.cfg.Serve.ShutdownTimeout.String()))
	case runErr = <-errc:
		s.log.Error("serve failed; shutting down", slog.String("err", runErr.Error()))
	}
	return errors.Join(runErr, s.shutdown())
}

// shutdown drains within ShutdownTimeout, in dependency order.
func (s *server) shutdown() error {
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.Serve.ShutdownTimeout)
	defer cancel()
	s.ready.draining.Store(true)
	var errs []error
	if err := s.http.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("http shutdown: %w", err))
	}
	if s.slack != nil {
		if err := s.slack.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("slack drain: %w", err))
		}
	}
	if s.wecom != nil {
		if err := s.wecom.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("wecom drain: %w", err))
		}
	}
	if err := s.queue.Stop(ctx); err != nil {
		errs = append(errs, err)
	}
	s.closeAll()
	if err := errors.Join(errs...); err != nil {
		s.log.Error("shutdown incomplete; unfinished jobs stay queued for the next start", slog.String("err", err.Error()))
		return err
	}
	s.log.Info("shut down cleanly")
	return nil
}

func (s *server) closeAll() {
	if s.closeQ != nil {
		s.closeQ()
	}
	if s.store != nil {
		s.store.Close()
	}
}

// summary is what the start line says about the configuration: which
// features are on, never a secret.
func (s *server) summary() []any {
	engine, _, _ := s.cfg.Store()
	return []any{slog.String("addr", s.ln.Addr().String()), slog.String("database", engine),
		slog.Bool("slack_http", s.slack != nil && s.cfg.Serve.SlackSigningSecret != ""),
		slog.Bool("slack_socket_mode", s.slack != nil && s.cfg.Serve.SlackAppToken != ""),
		slog.Bool("wecom", s.wecom != nil), slog.Bool("llm_judge", s.cfg.Serve.LLM.Enabled()),
		slog.Int("channels_from_file", len(s.cfg.Channels)), slog.String("tick", s.cfg.Serve.Tick.String()),
		slog.String("retention", s.cfg.Serve.Retention.String())}
}

// requestIDHandler adds the request id of the context to every record
// logged with one, so an adapter's lines join the request's.
type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}
