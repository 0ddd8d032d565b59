# Provenance only: the script that captured the files in this folder from a real HAProxy 2.6.12
# (Debian 2.6.12-1+deb12u4). It ran in /tmp/hpx with capture-haproxy.cfg as haproxy.cfg and
# capture-backend.py as slow.py; its output files were copied here (a few intermediate snapshots dropped),
# and the answers it printed were split into answer-*.txt byte for byte. Not run by the tests.
import socket, subprocess, time, os, sys, threading, urllib.request
D='/tmp/hpx'; OUT=D+'/cap'
os.makedirs(OUT, exist_ok=True)
def cli(cmd, sock='haproxy.sock'):
    s = socket.socket(socket.AF_UNIX); s.connect(D+'/'+sock)
    s.sendall((cmd+'\n').encode()); out=b''
    while True:
        d=s.recv(65536)
        if not d: break
        out+=d
    s.close(); return out.decode()
def status(sv, be='app'):
    for line in cli('show stat').splitlines():
        f=line.split(',')
        if len(f)>17 and f[0]==be and f[1]==sv: return f[17]
def wait(sv, pred, be='app', limit=20):
    end=time.time()+limit
    while time.time()<end:
        st=status(sv,be)
        if pred(st): return st
        time.sleep(0.05)
    raise SystemExit(f'timeout waiting for {be}/{sv}, last {status(sv,be)}')
def snap(name, be='app'):
    # servers state first, stat right after: they are two commands, not one atomic read
    with open(f'{OUT}/servers-{name}.txt','w') as f: f.write(cli('show servers state '+be))
    with open(f'{OUT}/stat-{name}.csv','w') as f: f.write(cli('show stat'))
    print('captured', name)
procs={}
def start(port):
    procs[port]=subprocess.Popen([sys.executable, D+'/slow.py', str(port)])
def stop(port):
    procs[port].kill(); procs[port].wait()
for p in (18081,18082,18084,18085,18086,18087): start(p)
time.sleep(1)
hap=subprocess.Popen(['haproxy','-f',D+'/haproxy.cfg','-db'], stdout=open(D+'/hap.log','w'), stderr=subprocess.STDOUT)
try:
    end=time.time()+10
    while not os.path.exists(D+'/haproxy.sock') and time.time()<end: time.sleep(0.05)
    time.sleep(0.2)
    wait('s3', lambda s: s=='DOWN')
    wait('s1', lambda s: s=='UP'); wait('s4', lambda s: s=='UP')
    wait('n1', lambda s: s=='NOLB', be='app404')
    snap('baseline')
    snap('baseline-app404', be='app404')
    with open(OUT+'/servers-all.txt','w') as f: f.write(cli('show servers state'))
    # answers
    ans={}
    for c in ['set server app/s2 state ready','set server app/nope state ready','set server nope/s1 state ready',
              'set server app state ready','set server app/s1 state bogus','set server app/s1 weight 300',
              'set server app/s1 weight -1', 'set server app/s1 weight 1','bogus command','show servers state nope',
              'shutdown sessions server app/nope','shutdown sessions server app/s5', 'set server app/s6 state maint']:
        ans[c]=cli(c)
    ans['user: set server app/s1 state drain']=cli('set server app/s1 state drain', 'user.sock')
    with open(OUT+'/answers.txt','w') as f:
        for k,v in ans.items(): f.write(f'>>> {k}\n{v!r}\n')
    # s2 now ready after being disabled in the config: admin keeps CMAINT (0x04)
    wait('s2', lambda s: s=='UP')
    snap('ready-after-config-disabled')
    # drain s4 with one open session through it
    cli('set server app/s1 state maint'); cli('set server app/s2 state maint'); cli('set server app/s5 state maint')
    # only s4 left routable in app (s3 down, s6 tracks s1 -> maint)
    def slowreq():
        try: urllib.request.urlopen('http://127.0.0.1:18080/slow', timeout=30).read()
        except Exception as e: print('slow req', e)
    t=threading.Thread(target=slowreq, daemon=True); t.start()
    end=time.time()+10
    while time.time()<end:
        f=[l.split(',') for l in cli('show stat').splitlines() if l.startswith('app,s4,')][0]
        if f[4]=='1': break
        time.sleep(0.05)
    cli('set server app/s4 state drain')
    snap('maint-and-drain-with-session')
    # s4 drained, backend port killed -> DRAIN going down
    stop(18084)
    wait('s4', lambda s: s.startswith('DRAIN ') )
    snap('drain-going-down')
    wait('s4', lambda s: s=='DOWN')
    snap('drain-down')
    # rising: s3 backend starts -> DOWN 1/3, DOWN 2/3
    start(18083)
    wait('s3', lambda s: s=='DOWN 1/3'); snap('rising-1')
    wait('s3', lambda s: s=='DOWN 2/3'); snap('rising-2')
    wait('s3', lambda s: s=='UP'); snap('risen')
    # falling: kill s3 backend -> UP 2/3, UP 1/3
    stop(18083)
    wait('s3', lambda s: s=='UP 2/3'); snap('falling-1')
    wait('s3', lambda s: s=='UP 1/3'); snap('falling-2')
    wait('s3', lambda s: s=='DOWN'); snap('fallen')
    # ready from maint with dead backend (s1 backend killed while in maint)
    stop(18081)
    cli('set server app/s1 state ready')
    snap('ready-from-maint-dead-port')
    time.sleep(0.2)
    snap('ready-from-maint-dead-port-later')
    wait('s1', lambda s: s=='DOWN'); snap('ready-from-maint-dead-port-down')
    # ready from maint with a live backend: UP 1/3 at once, then UP after the first passing check
    cli('set server app/s2 state ready')
    snap('ready-from-maint-live-1')
    wait('s2', lambda s: s=='UP'); snap('ready-from-maint-live-up')
finally:
    hap.kill(); hap.wait()
    for p in procs.values(): p.kill(); p.wait()
    print(open(D+'/hap.log').read()[-3000:])
