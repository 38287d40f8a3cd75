from consortium import create_app

app = create_app()
