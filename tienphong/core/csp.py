"""The Content-Security-Policy on every page (settings.CONTENT_SECURITY_POLICY), through django-csp.

Not on PDFs: Chrome shows a PDF inside a page it builds itself (an <embed> and inline styles) and
applies the PDF response's policy to that page, so `object-src 'none'` and `style-src 'self'` would
leave the class sheet, the certificates or a poster blank (crbug.com/271452). A PDF runs none of our
scripts; every HTML page and the service worker keep the policy.
"""

from csp.middleware import CSPMiddleware


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("application/pdf"):
            return response
        return super().process_response(request, response)
