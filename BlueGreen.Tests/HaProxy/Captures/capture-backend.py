import http.server, sys, time, socketserver
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith('/slow'):
            time.sleep(20)
        code = 404 if self.path.startswith('/gone') else 200
        try:
            self.send_response(code); self.send_header('Content-Length','2'); self.end_headers(); self.wfile.write(b'ok')
        except Exception: pass
    def log_message(self,*a): pass
    def handle_error(self,*a): pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads=True
    allow_reuse_address=True
    def handle_error(self,*a): pass
S(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
