// Every test can reach the shared fixtures and the client of the API.
global using ImageFunctions.Tests.Infrastructure;
global using ImageFunctions.Tests.Support;
