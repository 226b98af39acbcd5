package fakeslack

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// socket is the Socket Mode side: apps.connections.open hands out its URL,
// the app dials it, and tests push envelopes down it and read the acks.
// Like slack-go's slacktest it never pings, so clients under test need a long
// socketmode.OptionPingInterval.
type socket struct {
	s  *Server
	up websocket.Upgrader

	// guarded by s.mu
	conns    []*wsConn
	dialled  int
	envelope int
	acks     map[string]json.RawMessage
	closed   bool
}

type wsConn struct {
	mu sync.Mutex // gorilla allows one concurrent writer
	c  *websocket.Conn
}

func (c *wsConn) write(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_ = c.c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.c.WriteJSON(v)
}

func newSocket(s *Server) *socket {
	// slack-go dials with Origin: https://api.slack.com, which gorilla's
	// default same-origin check would refuse.
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	return &socket{s: s, up: up, acks: make(map[string]json.RawMessage)}
}

func (k *socket) url() string {
	return "ws" + strings.TrimPrefix(k.s.srv.URL, "http") + "/socket"
}

// serve upgrades a Socket Mode connection, says hello and records acks.
func (k *socket) serve(w http.ResponseWriter, r *http.Request) {
	c, err := k.up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	conn := &wsConn{c: c}
	k.s.mu.Lock()
	if k.closed {
		k.s.mu.Unlock()
		_ = c.Close()
		return
	}
	k.dialled++
	n := k.dialled
	k.s.mu.Unlock()
	hello := map[string]any{"type": "hello", "num_connections": n, "connection_info": map[string]any{"app_id": AppID},
		"debug_info": map[string]any{"host": "fakeslack", "approximate_connection_time": 3600}}
	if err := conn.write(hello); err != nil {
		_ = c.Close()
		return
	}
	k.s.mu.Lock()
	k.conns = append(k.conns, conn)
	k.s.notify()
	k.s.mu.Unlock()
	defer k.drop(conn)
	for {
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if err := c.ReadJSON(&ack); err != nil {
			return
		}
		k.s.mu.Lock()
		if ack.Payload == nil {
			ack.Payload = json.RawMessage("null")
		}
		k.acks[ack.EnvelopeID] = ack.Payload
		k.s.notify()
		k.s.mu.Unlock()
	}
}

func (k *socket) drop(conn *wsConn) {
	_ = conn.c.Close()
	k.s.mu.Lock()
	defer k.s.mu.Unlock()
	for i, c := range k.conns {
		if c == conn {
			k.conns = append(k.conns[:i], k.conns[i+1:]...)
			break
		}
	}
	k.s.notify()
}

func (k *socket) close() {
	k.s.mu.Lock()
	k.closed = true
	conns := k.conns
	k.conns = nil
	k.s.mu.Unlock()
	for _, c := range conns {
		_ = c.c.Close()
	}
}

// SocketConnected reports whether a Socket Mode client is connected.
func (s *Server) SocketConnected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sock.conns) > 0
}

// Envelope types Slack sends over Socket Mode.
const (
	EnvelopeEvents       = "events_api"
	EnvelopeSlashCommand = "slash_commands"
	EnvelopeInteractive  = "interactive"
)

// SendEnvelope pushes payload to the connected Socket Mode client in an
// envelope of type typ and returns the envelope id. retry is the
// retry_attempt Slack sets on a redelivery (0 the first time). It waits up to
// five seconds for a client to connect.
func (s *Server) SendEnvelope(typ string, payload json.RawMessage, retry int) string {
	s.tb.Helper()
	s.Wait(5*time.Second, "a Socket Mode connection", func(s *Server) bool { return s.SocketConnected() })
	s.mu.Lock()
	s.sock.envelope++
	id := fmt.Sprintf("env-%04d", s.sock.envelope)
	conn := s.sock.conns[len(s.sock.conns)-1]
	s.mu.Unlock()
	env := map[string]any{
		"envelope_id":              id,
		"type":                     typ,
		"payload":                  payload,
		"accepts_response_payload": typ != EnvelopeEvents,
		"retry_attempt":            retry,
		"retry_reason":             "",
	}
	if retry > 0 {
		env["retry_reason"] = "timeout"
	}
	if err := conn.write(env); err != nil {
		s.tb.Fatalf("fakeslack: send envelope %s: %v", id, err)
	}
	return id
}

// Ack returns the payload the client acknowledged envelope id with ("null"
// for a bare ack) and whether it was acknowledged at all.
func (s *Server) Ack(id string) (json.RawMessage, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.sock.acks[id]
	return p, ok
}

// WaitAck waits for the client to acknowledge envelope id and returns the payload.
func (s *Server) WaitAck(id string) json.RawMessage {
	s.tb.Helper()
	s.Wait(5*time.Second, "the ack of "+id, func(s *Server) bool { _, ok := s.Ack(id); return ok })
	p, _ := s.Ack(id)
	return p
}
