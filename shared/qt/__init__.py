"""The Qt side every app uses: the shell that starts an app (`shell`), fonts, the theme,
the service's clock and the connection's grace. The rest of `shared` stays Qt-free."""
