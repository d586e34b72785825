# The intune-assign container image: the static release binary on a minimal runtime image, as its entry point.
#   docker run --rm -v "$PWD:/work" -w /work -e AZURE_TENANT_ID -e AZURE_CLIENT_ID ... ghcr.io/OWNER/intune-assign plan tenants/contoso
# The release workflow checks the tarballs' checksums and unpacks each architecture's binary into
# image/linux-ARCH/intune-assign (ARCH as Docker names it: amd64, arm64) before building; this file only copies it.
# The binary needs nothing but the C library (glibc), so a distroless glibc base is enough. The base is pinned by
# digest (cc-debian12:nonroot): refresh it with `docker buildx imagetools inspect gcr.io/distroless/cc-debian12:nonroot`.
FROM gcr.io/distroless/cc-debian12:nonroot@sha256:9dac0a79194e45a7da0158a9c6da57b217585af0786db3845d1f0ec1a0dd182f
ARG TARGETARCH
COPY image/linux-${TARGETARCH}/intune-assign /usr/local/bin/intune-assign
ENTRYPOINT ["/usr/local/bin/intune-assign"]
