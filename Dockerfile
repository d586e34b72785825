# The intune-assign container image: the static release binary on a minimal runtime image, as its entry point.
#   docker run --rm -v "$PWD:/work" -w /work -e AZURE_TENANT_ID -e AZURE_CLIENT_ID ... ghcr.io/OWNER/intune-assign plan tenants/contoso
# Two stages: the first unpacks the release tarball that scripts/package.sh made for the target architecture
# (dist/, as the release workflow leaves it) and checks its checksum; the second holds the binary and CA
# certificates only. The binary needs nothing but the C library (glibc), so a distroless glibc base is enough.
FROM debian:bookworm-slim AS unpack
ARG VERSION
ARG TARGETARCH
COPY dist/ /dist/
RUN set -eu; \
    version="${VERSION#v}"; \
    case "$TARGETARCH" in amd64) arch=x86_64 ;; arm64) arch=aarch64 ;; *) echo "no package for $TARGETARCH"; exit 1 ;; esac; \
    name="intune-assign-$version-linux-$arch"; \
    cd /dist && sha256sum -c "$name.tar.gz.sha256" && tar -xzf "$name.tar.gz" && mv "$name/intune-assign" /intune-assign

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=unpack /intune-assign /usr/local/bin/intune-assign
ENTRYPOINT ["/usr/local/bin/intune-assign"]
