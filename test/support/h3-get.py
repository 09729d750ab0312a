"""One HTTP/3 GET over QUIC with aioquic (installed by test/support/quic-client.ts); prints the status.

    python3 h3-get.py PORT HOST PATH      connects to 127.0.0.1:PORT (UDP), SNI and :authority HOST
"""
import asyncio
import ssl
import sys

from aioquic.asyncio import connect
from aioquic.asyncio.protocol import QuicConnectionProtocol
from aioquic.h3.connection import H3_ALPN, H3Connection
from aioquic.h3.events import DataReceived, HeadersReceived
from aioquic.quic.configuration import QuicConfiguration


class Client(QuicConnectionProtocol):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.h3 = H3Connection(self._quic)
        self.done = asyncio.get_running_loop().create_future()
        self.status = None

    def quic_event_received(self, event):
        for e in self.h3.handle_event(event):
            if isinstance(e, HeadersReceived):
                self.status = next((int(v) for k, v in e.headers if k == b":status"), self.status)
            ended = isinstance(e, (HeadersReceived, DataReceived)) and e.stream_ended
            if ended and not self.done.done():
                self.done.set_result(None)


async def main(port, host, path):
    config = QuicConfiguration(is_client=True, alpn_protocols=H3_ALPN, verify_mode=ssl.CERT_NONE, server_name=host)
    async with connect("127.0.0.1", port, configuration=config, create_protocol=Client) as client:
        stream = client._quic.get_next_available_stream_id()
        headers = [(b":method", b"GET"), (b":scheme", b"https"), (b":authority", host.encode()), (b":path", path.encode())]
        client.h3.send_headers(stream, headers, end_stream=True)
        client.transmit()
        await asyncio.wait_for(client.done, 5)
        print(client.status)


asyncio.run(main(int(sys.argv[1]), sys.argv[2], sys.argv[3]))
