#!/usr/bin/env bash
# Rebuilds the seed corpora under fuzz/corpus/ from real peers on 127.0.0.1:
#   snmp:         what net-snmp 5.9's snmptrap, snmpinform, snmpget and snmpbulkget send (v1, v2c, v3 noAuth/auth/authPriv)
#   radius:       what FreeRADIUS 3.2's radclient sends (PAP, CHAP, MAC auth, accounting, Status-Server, CoA)
#   lineprotocol: the agent's captured payloads (tests/Alpi.Agent.Tests/Fixtures) and hand-written lines with every escape
#   uam:          CoovaChilli landing queries (res=notyet/success/failed/logoff, signed and unsigned)
# Nothing answers the tools: a listener only records what they send (requests time out, that is expected).
set -uo pipefail
cd "$(dirname "$0")"
export MIBS="" MIBDIRS=/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_ready() { # directory prefix: until the listener has bound its port
  for _ in $(seq 100); do [ -e "$1/.ready-$2" ] && return; sleep 0.1; done
}

capture() { # name seconds command...
  local name=$1 seconds=$2; shift 2
  local port; port=$(free_port)
  python3 capture.py "$port" "corpus/$target" "$name" "$seconds" &
  local listener=$!
  wait_ready "corpus/$target" "$name"
  "${@//PORT/$port}" >/dev/null 2>&1
  wait "$listener"
}

target=snmp; mkdir -p corpus/snmp; rm -f corpus/snmp/*
capture v1-trap 4 snmptrap -v 1 -c public 127.0.0.1:PORT 1.3.6.1.4.1.8072.2.3 192.0.2.7 6 17 12345 1.3.6.1.2.1.1.5.0 s router-1
capture v1-linkdown 4 snmptrap -v 1 -c public 127.0.0.1:PORT 1.3.6.1.4.1.8072.2.3.1 127.0.0.1 2 0 '' 1.3.6.1.2.1.2.2.1.1.3 i 3
capture v2c-trap 4 snmptrap -v 2c -c public 127.0.0.1:PORT '' 1.3.6.1.6.3.1.1.5.3 1.3.6.1.2.1.2.2.1.1.2 i 2 1.3.6.1.2.1.31.1.1.1.6.2 c 42 1.3.6.1.2.1.4.20.1.1 a 192.0.2.1 1.3.6.1.2.1.1.2.0 o 1.3.6.1.4.1.8072 1.3.6.1.2.1.2.2.1.6.2 x 0011223344AA
capture v2c-inform 4 snmpinform -v 2c -c public -t 1 -r 0 127.0.0.1:PORT '' 1.3.6.1.6.3.1.1.5.1
capture v2c-get 4 snmpget -v 2c -c public -t 1 -r 0 127.0.0.1:PORT 1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.1.3.0
capture v2c-bulk 4 snmpbulkget -v 2c -c public -Cn1 -Cr5 -t 1 -r 0 127.0.0.1:PORT 1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.2.2.1
capture v3-trap-authpriv 4 snmptrap -v 3 -e 0x8000000001020304 -u trapuser -l authPriv -a SHA -A authpass123 -x AES -X privpass123 127.0.0.1:PORT '' 1.3.6.1.6.3.1.1.5.1
capture v3-trap-authnopriv 4 snmptrap -v 3 -e 0x8000000001020304 -u trapuser -l authNoPriv -a SHA-256 -A authpass123 127.0.0.1:PORT '' 1.3.6.1.6.3.1.1.5.4 1.3.6.1.2.1.1.5.0 s x
capture v3-trap-des 4 snmptrap -v 3 -e 0x8000000001020304 -u trapuser -l authPriv -a MD5 -A authpass123 -x DES -X privpass123 127.0.0.1:PORT '' 1.3.6.1.6.3.1.1.5.2
capture v3-get-discovery 4 snmpget -v 3 -u alpiuser -l authPriv -a SHA -A authpass123 -x AES -X privpass123 -t 1 -r 0 127.0.0.1:PORT 1.3.6.1.2.1.1.5.0
capture v3-inform-discovery 4 snmpinform -v 3 -u informuser -l noAuthNoPriv -t 1 -r 0 127.0.0.1:PORT '' 1.3.6.1.6.3.1.1.5.5

target=radius; mkdir -p corpus/radius; rm -f corpus/radius/*
rad() { # name command attributes
  local name=$1 command=$2 attributes=$3
  local port; port=$(free_port)
  python3 capture.py "$port" corpus/radius "$name" 4 &
  local listener=$!
  wait_ready corpus/radius "$name"
  echo "$attributes" | radclient -r 1 -t 1 "127.0.0.1:$port" "$command" testing123 >/dev/null 2>&1
  wait "$listener"
}
rad pap auth 'User-Name = "alice@example.org", User-Password = "correct horse", Message-Authenticator = 0x00, NAS-Identifier = "borne-1", Called-Station-Id = "AA-BB-CC-DD-EE-FF:Cigale", Calling-Station-Id = "11-22-33-44-55-66", Framed-IP-Address = 10.1.0.5'
rad chap auth 'User-Name = "u", CHAP-Password = "p", CHAP-Challenge = 0x0123456789abcdef0123456789abcdef'
rad mac auth 'User-Name = "11-22-33-44-55-66", User-Password = "11-22-33-44-55-66", Message-Authenticator = 0x00, Service-Type = Call-Check'
rad long-password auth 'User-Name = "bob", User-Password = "0123456789012345678901234567890123456789012345678901234567890123456789", Message-Authenticator = 0x00, Proxy-State = 0x0102, Proxy-State = 0x0304'
rad eap auth 'User-Name = "carol", EAP-Message = 0x0201000a01636172, Message-Authenticator = 0x00'
rad acct-start acct 'User-Name = "alice@example.org", Acct-Status-Type = Start, Acct-Session-Id = "0123456789ABCDEF", Framed-IP-Address = 10.1.0.5, Calling-Station-Id = "11-22-33-44-55-66", Class = 0x616c7069'
rad acct-interim acct 'User-Name = "alice@example.org", Acct-Status-Type = Interim-Update, Acct-Session-Id = "0123456789ABCDEF", Acct-Input-Octets = 123456, Acct-Output-Octets = 654321, Acct-Input-Gigawords = 1, Acct-Session-Time = 600'
rad acct-stop acct 'User-Name = "alice@example.org", Acct-Status-Type = Stop, Acct-Session-Id = "0123456789ABCDEF", Acct-Terminate-Cause = User-Request, WISPr-Location-Name = "Bibliotheque"'
rad status status 'Message-Authenticator = 0x00'
rad coa coa 'User-Name = "alice@example.org", Acct-Session-Id = "0123456789ABCDEF", Session-Timeout = 60'
rad disconnect disconnect 'User-Name = "alice@example.org", Acct-Session-Id = "0123456789ABCDEF", Message-Authenticator = 0x00'

mkdir -p corpus/lineprotocol corpus/uam
cp ../tests/Alpi.Agent.Tests/Fixtures/linux-this-host/expected.txt corpus/lineprotocol/agent-linux.txt
cp ../tests/Alpi.Agent.Tests/Fixtures/rpi4-arm/expected.txt corpus/lineprotocol/agent-rpi4.txt
printf 'weather,location=us-midwest,season=summer temperature=82,humidity=71.5i,raining=false,note="hot \\"and\\" humid" 1465839830100400200\r\n# comment\n\nmy\\ measurement,tag\\ key=tag\\,value field\\ key="string \\\\ value",u=18446744073709551615u,i=-9223372036854775808i -1\n' > corpus/lineprotocol/escapes.txt
printf 'snmp_if,agent_host=192.0.2.1,ifDescr=GigabitEthernet0/1 ifHCInOctets=123456789012u,ifOperStatus=1i,ifAlias="uplink" 1700000000000000000\nhotspot,nas=borne-1 access_accepts=12i,access_rejects=1i,online=T\n' > corpus/lineprotocol/snmp-hotspot.txt
printf '%s' 'res=notyet&uamip=10.1.0.1&uamport=3990&challenge=0123456789abcdef0123456789abcdef&called=AA-BB-CC-DD-EE-FF&mac=11-22-33-44-55-66&ip=10.1.0.5&nasid=mairie-1&sessionid=4f1c2a&userurl=http%3a%2f%2fexample.org%2f' > corpus/uam/notyet.txt
printf '%s' 'res=success&uamip=10.1.0.1&uamport=3990&mac=11:22:33:44:55:66&reply=Mot%20de%20passe%20incorrect&userurl=https%3A%2F%2Fwww.example.org%2Fa%3Fb%3Dc%26d' > corpus/uam/success.txt
printf '%s' 'res=failed&uamip=fe80::1&uamport=3990&challenge=FFEEDDCCBBAA99887766554433221100&mac=aabb.ccdd.eeff&reply=Wrong+login' > corpus/uam/failed-ipv6.txt
query='res=notyet&uamip=10.1.0.1&uamport=3990&challenge=0123456789abcdef0123456789abcdef&mac=11-22-33-44-55-66&nasid=borne-1'
md=$(printf '%s' "http://portal.example/?${query}uamsecret" | md5sum | cut -c1-32 | tr a-f A-F)
printf '%s' "?${query}&md=${md}" > corpus/uam/signed.txt
for d in corpus/*; do echo "$d: $(ls "$d" | wc -l) files"; done
