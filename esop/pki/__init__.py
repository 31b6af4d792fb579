"""The certificate side of 인증센터: sandbox CAs, identity binding, cloud-wallet sealing, verification."""
