package io.github.mtls.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Plain HTTP/1.1 requests from a chosen local address, to tell a trusted proxy from anyone else on
 * one machine: the whole 127.0.0.0/8 range is loopback on Linux, so a test can send as the "proxy"
 * from {@code 127.0.0.2} and as a stranger from {@code 127.0.0.1}. (The JDK {@code HttpClient}
 * cannot bind a local address.)
 *
 * <pre>{@code
 * LoopbackClient.Response response = LoopbackClient.from("127.0.0.2")
 *     .get(port, "/whoami", "Client-Cert", ForwardedCertificateHeaders.rfc9440(orders));
 * }</pre>
 *
 * Header names and values are sent as given, so a test can also send what no well-behaved client
 * would: repeated headers, oversized or malformed values.
 */
public final class LoopbackClient {

	private final String sourceAddress;

	private LoopbackClient(String sourceAddress) {
		this.sourceAddress = sourceAddress;
	}

	/** A client whose connections come from {@code sourceAddress}, for example {@code 127.0.0.2}. */
	public static LoopbackClient from(String sourceAddress) {
		return new LoopbackClient(sourceAddress);
	}

	/**
	 * Sends {@code GET path} to {@code 127.0.0.1:port} over a new connection.
	 * @param port the server's port
	 * @param path the request target, for example {@code /whoami}
	 * @param headers header names and values, alternating; a name may repeat
	 * @return the response
	 */
	public Response get(int port, String path, String... headers) {
		if (headers.length % 2 != 0) {
			throw new IllegalArgumentException("headers must be name, value pairs");
		}
		StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
		request.append("Host: 127.0.0.1:").append(port).append("\r\n");
		for (int i = 0; i < headers.length; i += 2) {
			request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket()) {
			socket.setSoTimeout(30_000);
			socket.bind(new InetSocketAddress(InetAddress.getByName(this.sourceAddress), 0));
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return Response.parse(socket.getInputStream().readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * An HTTP response.
	 *
	 * @param status the status code
	 * @param headers the headers, names lowercase
	 * @param body the body as UTF-8 (chunked transfer decoded)
	 */
	public record Response(int status, Map<String, List<String>> headers, String body) {

		/** The first value of a header, or {@code null}. */
		public @Nullable String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}

		static Response parse(byte[] raw) throws IOException {
			String text = new String(raw, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (end < 0) {
				throw new IOException("incomplete HTTP response: " + text);
			}
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), (k) -> new ArrayList<>())
					.add(lines[i].substring(colon + 1).trim());
			}
			byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
			List<String> encoding = headers.get("transfer-encoding");
			if (encoding != null && encoding.contains("chunked")) {
				body = dechunk(new java.io.ByteArrayInputStream(body));
			}
			return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
		}

		private static byte[] dechunk(InputStream in) throws IOException {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			while (true) {
				StringBuilder size = new StringBuilder();
				int c;
				while ((c = in.read()) != '\n') {
					if (c < 0) {
						return out.toByteArray();
					}
					if (c != '\r') {
						size.append((char) c);
					}
				}
				String hex = size.toString().split(";")[0].trim();
				int length = hex.isEmpty() ? 0 : Integer.parseInt(hex, 16);
				if (length == 0) {
					return out.toByteArray();
				}
				out.write(in.readNBytes(length));
				in.read();
				in.read();
			}
		}

	}

}
