from ninja import NinjaAPI

api = NinjaAPI(title="certportal", version="1", urls_namespace="api")
